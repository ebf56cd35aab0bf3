//! Rendering answers with the templates in `prompts/`.
