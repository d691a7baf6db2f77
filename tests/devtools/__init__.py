"""Tests of the developer tools under script/devtools."""
