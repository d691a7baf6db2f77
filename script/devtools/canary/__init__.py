"""The canary leg: micboard's dev stack on the newest released Home Assistant.

`versions` decides which release to test (pure), `log_scan` reads Home
Assistant's log (pure), `checks` talks to a running stack over HTTP and the
websocket API. Entry points: script/devtools/canary_check.py and
script/devtools/canary_versions.py.
"""
