#!/usr/bin/env bash
# `npm run setup`: everything `npm test` needs, from a fresh clone, and nothing else. Idempotent: it says what
# it installs, and installs nothing when everything is there.
#   1. Debian packages, when missing: the three browser engines (Chromium, Firefox ESR, WebKitGTK's MiniBrowser
#      with WebKitWebDriver) and Xvfb for the browser tests; nginx, Nchan, Redis and openssl for the deploy
#      tests (test/deploy/), which start their own nginx and Redis on loopback ports and never use the system
#      services. Nothing downloads a browser: the engines are the distribution's.
#   2. `npm ci`, when node_modules is missing, older than package-lock.json, or under CI=true.
# Nothing needs starting afterwards: the test runner and the demo check start Xvfb and WebKitWebDriver, and the
# deploy tests their nginx and Redis, as children of the run, and end them with it.
# It runs before node_modules exists (`npm run` needs only package.json). `npm start` needs none of this:
# `npm install` is enough for the demo.
set -euo pipefail
cd "$(dirname "$0")/.."

have_chrome() {
  [ -n "${CHROME_PATH:-}" ] && [ -x "${CHROME_PATH}" ] && return 0
  for path in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable; do
    [ -x "$path" ] && return 0
  done
  return 1
}
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }
have_firefox() {
  [ -n "${FIREFOX_PATH:-}" ] && [ -x "${FIREFOX_PATH}" ] && return 0
  command -v firefox-esr >/dev/null || command -v firefox >/dev/null
}
have_minibrowser() {
  [ -n "${MINIBROWSER_PATH:-}" ] && [ -x "${MINIBROWSER_PATH}" ] && return 0
  compgen -G '/usr/lib/*/webkit2gtk-4.*/MiniBrowser' >/dev/null || compgen -G '/usr/lib*/webkit*gtk-*/MiniBrowser' >/dev/null
}

# Each Debian package, and what of it the tests use.
missing=()
have_chrome || missing+=(chromium)
have_firefox || missing+=(firefox-esr)
{ command -v WebKitWebDriver >/dev/null && have_minibrowser; } || missing+=(webkit2gtk-driver)
command -v Xvfb >/dev/null || missing+=(xvfb)
have nginx || missing+=(nginx)
[ -e /usr/lib/nginx/modules/ngx_nchan_module.so ] || missing+=(libnginx-mod-nchan)
have redis-server || missing+=(redis-server)
have openssl || missing+=(openssl)

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: the browsers, Xvfb, nginx, Nchan, Redis and openssl are all here; nothing to install."
else
  if ! command -v apt-get >/dev/null; then
    echo "setup: missing ${missing[*]}, and there is no apt-get here to install them (the names are Debian's)." >&2
    echo "setup: install them with your package manager, or point CHROME_PATH, FIREFOX_PATH and MINIBROWSER_PATH at the engines." >&2
    exit 1
  fi
  # apt-get needs root: as root it runs as is, otherwise through sudo when there is one.
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "setup: missing ${missing[*]}; run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
    as_root=(sudo)
  fi
  echo "setup: installing ${missing[*]} (apt-get install -y)..."
  started=$SECONDS
  # Debian starts a package's service when it installs it: nginx on port 80, Redis on 6379. A policy-rc.d
  # that answers "no" (101) keeps them stopped, so a busy port cannot fail the install and nothing is left
  # running; it is put there only when the machine has none, and removed after.
  policy=/usr/sbin/policy-rc.d
  ours=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
    "${as_root[@]}" chmod +x "$policy"
    ours=1
    trap '"${as_root[@]}" rm -f "$policy"' EXIT
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  echo "setup: installed in $((SECONDS - started)) s."
  if [ -n "$ours" ]; then
    "${as_root[@]}" rm -f "$policy"
    trap - EXIT
  fi
fi

# The project's packages. npm keeps its own record of what it installed in node_modules/.package-lock.json:
# older than package-lock.json means the lockfile changed since.
if [ ! -d node_modules ]; then
  why='node_modules is missing'
elif [ "${CI:-}" = true ]; then
  why='CI=true'
elif [ ! -e node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  why='package-lock.json is newer than node_modules'
else
  why=
fi
if [ -n "$why" ]; then
  echo "setup: npm ci ($why)..."
  # No npm package here downloads a browser (puppeteer-core and playwright-core bring none); this makes sure.
  PUPPETEER_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund
else
  echo "setup: node_modules matches package-lock.json; nothing to install."
fi
echo "setup: done. Run the tests with: npm test"
