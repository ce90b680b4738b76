package org.passerelle.access;

/** The DMP state of a patient's record. */
public enum RecordState { ACTIVE, CLOSED, OPPOSED }
