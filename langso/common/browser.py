"""How the browser tests and the page-weight benchmark launch Debian's Chromium (Playwright's own
browser download cannot work here): headless, and without the background traffic that a closed
network refuses."""

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
