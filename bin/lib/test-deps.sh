#!/usr/bin/env bash
# Installs the Debian packages the integration tests use as real peers, if any is missing.
set -euo pipefail
need=()
command -v swaks >/dev/null 2>&1 || need+=(swaks)
{ command -v smtp-source >/dev/null 2>&1 || [ -x /usr/sbin/smtp-source ]; } || need+=(postfix)
{ command -v dnsmasq >/dev/null 2>&1 || [ -x /usr/sbin/dnsmasq ]; } || need+=(dnsmasq-base)
command -v /usr/bin/python3 >/dev/null 2>&1 || need+=(python3)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# Dovecot is the real LMTP mailbox server of the LMTP tests.
[ -x /usr/sbin/dovecot ] || need+=(dovecot-core)
[ -x /usr/lib/dovecot/lmtp ] || need+=(dovecot-lmtpd)
# strace shows that an accepted message is fsynced before its 250 (DurabilityTraceIT).
command -v strace >/dev/null 2>&1 || need+=(strace)
# Debian's Chromium is the browser of the web admin center's tests (Playwright drives it; it downloads none).
[ -x "${MAILFLOW_CHROMIUM:-/usr/bin/chromium}" ] || need+=(chromium)
# A Japanese font, so that the Japanese pages' screenshots show glyphs (the assertions read the DOM).
[ -d /usr/share/fonts/opentype/ipafont-gothic ] || need+=(fonts-ipafont-gothic)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "tests need these Debian packages: ${need[*]} (run as root, or: sudo apt-get install ${need[*]})" >&2
    exit 1
fi
echo "installing test peers: ${need[*]}" >&2
# postfix asks a debconf question; the tests only use its smtp-source and smtp-sink programs.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get update -qq
# Packages such as dovecot start their system service when installed; the tests start their own.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && made_policy=1
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
[ "$made_policy" -eq 1 ] && rm -f "$policy"
exit 0
