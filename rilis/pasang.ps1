# Memasang xlkinerja @VERSI@ tanpa internet: venv baru + paket dari folder wheels\.
# Jalankan lewat pasang.bat (klik dua kali), atau:  powershell -ExecutionPolicy Bypass -File pasang.ps1
param(
    [string]$Tujuan = (Join-Path $env:LOCALAPPDATA "xlkinerja\@VERSI@"),
    [string]$Dokumen = (Join-Path ([Environment]::GetFolderPath("MyDocuments")) "xlkinerja")
)
$ErrorActionPreference = "Stop"
$Sini = Split-Path -Parent $MyInvocation.MyCommand.Path

function Berhenti([string]$pesan) {
    Write-Host ""
    Write-Host "GAGAL: $pesan" -ForegroundColor Red
    exit 1
}

# 1. Python 3.11 atau 3.12 (64-bit): peluncur py dulu, lalu python di PATH
$Python = $null
foreach ($v in @("3.12", "3.11")) {
    try {
        & py "-$v-64" -c "import sys" 2>$null
        if ($LASTEXITCODE -eq 0) { $Python = @("py", "-$v-64"); break }
    } catch {}
}
if (-not $Python) {
    try {
        & python -c "import sys, struct; sys.exit(0 if sys.version_info[:2] in ((3, 11), (3, 12)) and struct.calcsize('P') == 8 else 1)" 2>$null
        if ($LASTEXITCODE -eq 0) { $Python = @("python") }
    } catch {}
}
if (-not $Python) {
    Berhenti ("Python 3.11 atau 3.12 (64-bit) tidak ditemukan. Pasang dari python.org " +
        "(Windows installer 64-bit), lalu jalankan pasang.bat lagi.")
}
$PyArgs = @($Python | Select-Object -Skip 1)
Write-Host "Python: $(& $Python[0] @PyArgs -c 'import sys; print(sys.executable, sys.version.split()[0])')"

# 2. venv di $Tujuan (yang lama diganti: isinya hanya paket dari rilis ini)
$Venv = Join-Path $Tujuan "venv"
if (Test-Path $Venv) {
    Write-Host "Mengganti venv lama di $Venv"
    Remove-Item -Recurse -Force $Venv
}
New-Item -ItemType Directory -Force -Path $Tujuan | Out-Null
& $Python[0] @PyArgs -m venv $Venv
if ($LASTEXITCODE -ne 0) { Berhenti "venv tidak dapat dibuat di $Venv" }
$Py = Join-Path $Venv "Scripts\python.exe"

# 3. paket dari wheels\ saja, tanpa internet
& $Py -m pip install --no-index --find-links (Join-Path $Sini "wheels") --disable-pip-version-check xlkinerja==@VERSI@
if ($LASTEXITCODE -ne 0) { Berhenti "pemasangan paket dari folder wheels gagal (lihat pesan di atas)" }

# 4. templat dan contoh ke Dokumen\xlkinerja, interpreter venv ditulis ke lembar xlwings.conf-nya.
#    Salinan yang sudah ada (mungkin sudah diisi) tidak ditimpa: hanya sel interpreternya
#    diperbarui, dengan cadangan .bak.
$Xlk = Join-Path $Venv "Scripts\xlkinerja.exe"
$Salin = @(
    @{ Dari = (Join-Path $Sini "templat\template_lkjip.xlsm"); Ke = $Dokumen }
)
foreach ($f in Get-ChildItem -Path (Join-Path $Sini "contoh") -Filter *.xlsm) {
    $Salin += @{ Dari = $f.FullName; Ke = (Join-Path $Dokumen "contoh") }
}
foreach ($s in $Salin) {
    New-Item -ItemType Directory -Force -Path $s.Ke | Out-Null
    $Tujuan1 = Join-Path $s.Ke (Split-Path -Leaf $s.Dari)
    if (Test-Path $Tujuan1) {
        & $Xlk pasang $Tujuan1 --ringkas
    } else {
        & $Xlk pasang $s.Dari -o $s.Ke --ringkas
    }
    if ($LASTEXITCODE -ne 0) { Berhenti "xlkinerja pasang gagal untuk $Tujuan1 (lihat pesan di atas)" }
}
Get-ChildItem -Path $Dokumen -Recurse -Include *.xlsm | Unblock-File

Write-Host ""
Write-Host "Selesai. xlkinerja @VERSI@ terpasang di $Venv" -ForegroundColor Green
Write-Host "Templat dan contoh: $Dokumen"
Write-Host "Baris perintah:     `"$Xlk`" periksa `"$(Join-Path $Dokumen contoh)`""
Write-Host "Langkah berikutnya: lihat panduan\pasang.html (bagian 'Di Excel')."
