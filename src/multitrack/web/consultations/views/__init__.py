"""Consultation views: facilitators' pages (consultations), the opinion groups, report and export
(analysis), and the participant's page reached by a card's link (participate)."""
