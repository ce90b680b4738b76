package org.passerelle.audit;

import java.time.Instant;

/** A message for the patient waiting in, or delivered from, the outbox. */
public record Notification(long id, String patientId, String kind, String message, Instant createdAt, int attempts) { }
