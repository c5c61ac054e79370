#!/bin/bash
# RewardFlow kiosk deb: electron-builder's own after-install steps (its template
# app-builder-lib/templates/linux/after-install.tpl, which a custom script replaces), then the
# scanner udev rule and the autostart entry for every user. ${executable} and
# ${sanitizedProductName} are filled in by electron-builder.

if type update-alternatives >/dev/null 2>&1; then
    if [ -L '/usr/bin/${executable}' -a -e '/usr/bin/${executable}' -a "`readlink '/usr/bin/${executable}'`" != '/etc/alternatives/${executable}' ]; then
        rm -f '/usr/bin/${executable}'
    fi
    update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/${executable}' 100 || ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
else
    ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
fi

if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
else
    chmod 0755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
fi

if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

if apparmor_status --enabled > /dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE='/opt/${sanitizedProductName}/resources/apparmor-profile'
  APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
    fi
  fi
fi

# Scanners: the group that may read them, and the udev rule that hands them to it.
RESOURCES='/opt/${sanitizedProductName}/resources/linux'
getent group rewardflow > /dev/null 2>&1 || groupadd --system rewardflow || true
install -m 0644 "$RESOURCES/70-rewardflow-scanners.rules" /etc/udev/rules.d/70-rewardflow-scanners.rules
if hash udevadm 2>/dev/null && ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; }; then
  udevadm control --reload-rules || true
  udevadm trigger --subsystem-match=hidraw --subsystem-match=tty || true
fi

# Autostart for every user of the machine (a user can still turn it off in their session).
install -d -m 0755 /etc/xdg/autostart
install -m 0644 "$RESOURCES/rewardflow-kiosk.desktop" /etc/xdg/autostart/rewardflow-kiosk.desktop
