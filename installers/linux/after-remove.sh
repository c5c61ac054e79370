#!/bin/bash
# RewardFlow kiosk deb: electron-builder's own after-remove steps (its template
# app-builder-lib/templates/linux/after-remove.tpl), then our udev rule and autostart entry.
# The kiosk's data (~/.config/RewardFlow Kiosk of the kiosk user) is left alone.

if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi

rm -f /etc/udev/rules.d/70-rewardflow-scanners.rules /etc/xdg/autostart/rewardflow-kiosk.desktop
if hash udevadm 2>/dev/null; then
  udevadm control --reload-rules || true
fi
