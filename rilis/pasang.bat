@echo off
rem Memasang xlkinerja @VERSI@ tanpa internet (lihat panduan\pasang.html).
powershell.exe -NoProfile -ExecutionPolicy Bypass -File "%~dp0pasang.ps1" %*
set KODE=%ERRORLEVEL%
echo.
pause
exit /b %KODE%
