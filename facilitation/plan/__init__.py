"""The plan and what keeps it alive: KPIs and their pace, skills, review rhythm."""
