"""spip's terminal app (Textual). The domain lives in `facilitation`."""
