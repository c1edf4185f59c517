"""Insert rows with LibreOffice, as a user would in Excel (run with the system python3 + uno).

usage: python3 sisip_baris.py SRC DST PROFIL_DIR LEMBAR:BARIS:N [LEMBAR:BARIS:N ...]
"""

import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

src, dst, profil = sys.argv[1], sys.argv[2], sys.argv[3]
sisipan = [a.split(":") for a in sys.argv[4:]]
pipa = f"xlk{os.getpid()}"
p = subprocess.Popen(
    [
        "soffice",
        f"-env:UserInstallation=file://{os.path.abspath(profil)}",
        "--headless",
        "--norestore",
        f"--accept=pipe,name={pipa};urp;",
    ],
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
ctx = uno.getComponentContext()
res = ctx.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", ctx)
for _ in range(120):
    try:
        c = res.resolve(f"uno:pipe,name={pipa};urp;StarOffice.ComponentContext")
        break
    except Exception:
        time.sleep(0.5)
desk = c.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", c)


def pv(k, v):
    x = PropertyValue()
    x.Name, x.Value = k, v
    return x


doc = desk.loadComponentFromURL(
    uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (pv("Hidden", True),)
)
for lembar, baris, n in sisipan:
    sh = doc.Sheets.getByName(lembar)
    sh.unprotect("")
    sh.Rows.insertByIndex(int(baris) - 1, int(n))
doc.storeToURL(
    uno.systemPathToFileUrl(os.path.abspath(dst)), (pv("FilterName", "Calc MS Excel 2007 VBA XML"),)
)
doc.close(True)
desk.terminate()
p.wait(timeout=60)
