from django.core.exceptions import ValidationError


def apply_validation_error(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def error_sentence(exc: ValidationError) -> str:
    """A service's ValidationError as one message line, for a flash message after a redirect."""
    return "；".join(m for ms in exc.message_dict.values() for m in ms)
