// Replaced by the reporters (integrations/report).
