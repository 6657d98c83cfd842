# memscan's first-run check on Windows, in one command, from the repository root,
# in an elevated PowerShell (Run as administrator):
#
#     powershell -ExecutionPolicy Bypass -File src\smoke\smoke-windows.ps1
#
# Builds memscan (mvn), starts the bundled DemoTarget game (a JVM we built
# ourselves), and walks regions -> search -> refine -> write -> read back, a forced
# write to code, and a target that exits mid-run. Each step prints one line; the
# whole output must equal src\smoke\smoke-windows.expected (compared at the end,
# exit 1 if not). Needs: 64-bit JDK 17+, Maven. Takes about a minute.
$ErrorActionPreference = 'Continue'
Set-Location (Join-Path $PSScriptRoot '..\..')
$expected = Get-Content 'src\smoke\smoke-windows.expected'
$lines = New-Object System.Collections.Generic.List[string]

function Say([string]$text) { Write-Output $text; $lines.Add($text) }
function Check([string]$name, [bool]$ok) { if ($ok) { Say "PASS $name" } else { Say "FAIL $name" } }
function Memscan { & java -jar target\memscan.jar @args 2>$null }

& mvn -q -DskipTests package | Out-Null
if ($LASTEXITCODE -ne 0) { Write-Output 'FAIL build (mvn)'; exit 1 }
Say 'PASS build'

# The game keeps 48271 gold in a malloc'd struct and never says where.
$start = New-Object System.Diagnostics.ProcessStartInfo 'java'
$start.Arguments = '-Xmx16m -XX:+UseSerialGC -cp target\memscan.jar dev.memscan.target.DemoTarget --game --gold 48271'
$start.UseShellExecute = $false
$start.RedirectStandardInput = $true
$start.RedirectStandardOutput = $true
$game = [System.Diagnostics.Process]::Start($start)
function Send([string]$command) { $game.StandardInput.WriteLine($command); $game.StandardInput.Flush(); $game.StandardOutput.ReadLine() }
$ready = $game.StandardOutput.ReadLine()
$targetPid = [int]($ready -split ' ')[1]
Check 'target started' ($ready -like 'ready *')

try {
    $regions = Memscan regions -p $targetPid
    Check 'regions exit 0' ($LASTEXITCODE -eq 0)
    Check 'regions has rw-p memory' (@($regions | Where-Object { $_ -match ' rw-p ' }).Count -gt 0)
    # Modules are named by drive-letter path (GetMappedFileNameW + QueryDosDeviceW).
    Check 'modules have drive paths' (@($regions | Where-Object { $_ -match ' [A-Za-z]:\\.*\.dll$' }).Count -gt 0)

    Memscan search -p $targetPid -t i32 48271 --limit 0 | Out-Null
    Check 'search finds 48271' ($LASTEXITCODE -eq 0)
    Send 'earn 1000' | Out-Null
    $found = @(Memscan refine -p $targetPid eq 49271 --limit 0)
    Check 'refine narrows to the gold' ($LASTEXITCODE -eq 0 -and $found.Count -gt 0)
    $address = ($found[0] -split ' ')[0]
    # The gold lives in private heap memory, which has no file.
    Check 'heap memory is not named after a module' (($found[0] -split ' ')[2] -notmatch '\.(dll|exe)')
    Memscan write -p $targetPid -t i32 $address 99999 | Out-Null
    Check 'write exit 0' ($LASTEXITCODE -eq 0)
    Check 'the game sees the write' ((Send 'gold') -eq 'ok 99999')
    $back = Memscan read -p $targetPid -t i32 $address
    Check 'read back' ((($back -split ' ')[-1]) -eq '99999')

    # --force on code: the first r-x region's first byte, written with the value it already
    # has (VirtualProtectEx to PAGE_EXECUTE_READWRITE, write, protection restored).
    $code = (@($regions | Where-Object { $_ -match ' r-xp ' })[0] -split '-')[0]
    $byte = ((Memscan read -p $targetPid -t u8 $code) -split ' ')[-1]
    Memscan write -p $targetPid -t u8 $code 7 | Out-Null
    Check 'plain write to code refused (exit 5)' ($LASTEXITCODE -eq 5)
    Memscan write -p $targetPid -t u8 --force $code $byte | Out-Null
    Check 'forced write to code' ($LASTEXITCODE -eq 0)
    Check 'code protection restored' (@(Memscan regions -p $targetPid | Where-Object { $_ -match "^$code-.* r-xp " }).Count -eq 1)

    # A target that exits while memscan polls it: exit 3, not a memory error (5).
    $poller = Start-Process java -ArgumentList "-jar target\memscan.jar read-into -p $targetPid $address 4 - --repeat 0 --interval 20ms" `
        -NoNewWindow -PassThru -RedirectStandardOutput ([System.IO.Path]::GetTempFileName())
    Start-Sleep -Seconds 1
    $game.StandardInput.WriteLine('exit'); $game.StandardInput.Flush()
    $poller.WaitForExit()
    Check 'target exiting mid-run gives exit 3' ($poller.ExitCode -eq 3)
    Memscan read -p $targetPid -t i32 $address | Out-Null
    Check 'exited target gives exit 3' ($LASTEXITCODE -eq 3)
} finally {
    if (-not $game.HasExited) { $game.Kill() }
}

$diff = Compare-Object $expected $lines.ToArray() -SyncWindow 0
if ($diff) { $diff | Format-Table -AutoSize | Out-String | Write-Output; Write-Output 'smoke test FAILED'; exit 1 }
Write-Output 'smoke test passed'
