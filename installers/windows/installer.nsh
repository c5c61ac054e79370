; RewardFlow kiosk, NSIS (per machine): start the kiosk at login for every user of the machine.
; Included by electron-builder (nsis.include). The app itself registers no per-user login item
; when it runs from Program Files (electron/shell/autostart.ts), so it starts once.

!macro customInstall
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "RewardFlowKiosk" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}"'
!macroend

!macro customUnInstall
  DeleteRegValue HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "RewardFlowKiosk"
!macroend
