"""Control helpers: which receivers offer control, and errors users can read."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from functools import wraps
from typing import Any

from homeassistant.const import Platform
from homeassistant.core import callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er

from ..const import DOMAIN
from ..shure.commandstrings import Vocabulary
from ..shure.errors import (
    CannotConnectError,
    CommandRejectedError,
    CommandTimeoutError,
    InvalidValueError,
    ShureError,
    UnsupportedError,
)
from .coordinator import ReceiverCoordinator

# Most specific first: the first matching library error decides.
_ERRORS: tuple[tuple[type[ShureError], type[HomeAssistantError], str], ...] = (
    (InvalidValueError, ServiceValidationError, "invalid_value"),
    (UnsupportedError, ServiceValidationError, "unsupported"),
    (CommandTimeoutError, HomeAssistantError, "command_timeout"),
    (CommandRejectedError, HomeAssistantError, "command_rejected"),
    (CannotConnectError, HomeAssistantError, "not_connected"),
    (ShureError, HomeAssistantError, "command_failed"),
)


@callback
def async_control_vocabulary(
    coordinator: ReceiverCoordinator, platform: Platform
) -> Vocabulary | None:
    """The vocabulary to offer a control platform's entities from.

    None when control is off; then the platform's entities left from when it
    was on are removed, so no dead control lingers in the registry.
    """
    if coordinator.control_allowed:
        return coordinator.vocabulary
    registry = er.async_get(coordinator.hass)
    entry_id = coordinator.config_entry.entry_id
    for entity in er.async_entries_for_config_entry(registry, entry_id):
        if entity.domain == platform:
            registry.async_remove(entity.entity_id)
    return None


def translated_error(err: ShureError) -> HomeAssistantError:
    """The translated Home Assistant error for a library error.

    The user's own mistakes (a value out of range, a feature the family lacks)
    become ServiceValidationError, which Home Assistant reports without a
    traceback; a receiver that stays silent or refuses is a HomeAssistantError.
    """
    error_type, key = next(
        (error_type, key) for kind, error_type, key in _ERRORS if isinstance(err, kind)
    )
    return error_type(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={"error": str(err)},
    )


def receiver_action[**P, R](
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Coroutine[Any, Any, R]]:
    """Decorate an entity action or service handler that writes to a receiver."""

    @wraps(func)
    async def action(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await func(*args, **kwargs)
        except ShureError as err:
            raise translated_error(err) from err

    return action
