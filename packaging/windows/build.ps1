# Builds DX事例リーダー for Windows x64: the frozen one-folder program in build\frozen and the MSI in dist\.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
#
# Needs Python 3.11 (x64) on PATH. Optional code signing: set DXREADER_SIGN_THUMBPRINT to the SHA-1
# thumbprint of a code-signing certificate in the current user's store (and DXREADER_TIMESTAMP_URL to an
# RFC 3161 time-stamp server); the executables are signed before they go into the MSI, then the MSI itself.
$ErrorActionPreference = "Stop"
# Python writes UTF-8 to pipes and files whatever the system locale (cp1252 cannot encode Japanese), and
# PowerShell reads it back as UTF-8.
$env:PYTHONUTF8 = "1"
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
Set-Location (Join-Path $PSScriptRoot "..\..")

function Run([string]$what, [scriptblock]$step) {
    Write-Host "== $what"
    & $step
    if ($LASTEXITCODE -ne 0) { throw "$what failed (exit $LASTEXITCODE)" }
}

function Sign([string[]]$files) {
    if (-not $env:DXREADER_SIGN_THUMBPRINT) { Write-Host "(not signed: DXREADER_SIGN_THUMBPRINT is not set)"; return }
    $stamp = if ($env:DXREADER_TIMESTAMP_URL) { @("/tr", $env:DXREADER_TIMESTAMP_URL, "/td", "sha256") } else { @() }
    Run "sign $($files -join ', ')" { signtool sign /sha1 $env:DXREADER_SIGN_THUMBPRINT /fd sha256 @stamp @files }
}

Run "install build tools" { python -m pip install --upgrade pip; python -m pip install -e ".[freeze]" }
Run "prebuilt search index" { python -m dxreader.cli build-index --into data/index }
if (Test-Path build\frozen) { Remove-Item -Recurse -Force build\frozen }
Run "freeze" { python -m cx_Freeze build_exe --silent-level=1 }
Run "prune and size" { python packaging\prune_frozen.py build\frozen }
# Qt's normal Windows backend: the offscreen one would hide the system fonts (Yu Gothic, Meiryo).
Run "self-check of the frozen program" { & build\frozen\dxreader-cli.exe self-check }
Sign @("build\frozen\dxreader.exe", "build\frozen\dxreader-cli.exe")
if (Test-Path dist) { Get-ChildItem dist -Filter *.msi | Remove-Item -Force }
# cx_Freeze's bdist_msi with code page 932 (Japanese names intact), an ASCII file name
# (dist\dxreader-<version>-win64.msi) and the install folder remembered for uninstall.
Run "MSI" { python packaging\windows\build_msi.py }
$msi = Get-ChildItem dist -Filter *.msi | Select-Object -First 1
Sign @($msi.FullName)
Write-Host ("MSI: {0} ({1:N1} MB)" -f $msi.FullName, ($msi.Length / 1MB))
