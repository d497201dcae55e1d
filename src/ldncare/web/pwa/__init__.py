"""The installable web app: manifest, service worker, offline check-in and Web Push reminders."""
