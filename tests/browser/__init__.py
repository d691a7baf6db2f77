"""Browser tests: headless Chromium (Debian's) driven by Playwright."""
