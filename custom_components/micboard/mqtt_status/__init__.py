"""mqtt_status."""
