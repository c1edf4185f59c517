Attribute VB_Name = "xlkinerja"
Option Explicit

' Ribbon callback: every button of the LKjIP tab calls this.
Sub KinerjaTombol(control As IRibbonControl)
    RunPython KinerjaPerintah(control.Id)
End Sub

' The Python command RunPython runs for a ribbon button id.
Function KinerjaPerintah(id As String) As String
    KinerjaPerintah = "import xlkinerja.excel; xlkinerja.excel.on_ribbon('" & id & "')"
End Function
