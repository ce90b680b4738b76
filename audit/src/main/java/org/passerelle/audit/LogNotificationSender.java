package org.passerelle.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default sender: writes each notification to the log (category org.passerelle.audit.notification). */
public final class LogNotificationSender implements NotificationSender {
    private static final Logger LOG = LoggerFactory.getLogger("org.passerelle.audit.notification");

    @Override
    public void send(Notification n) {
        LOG.info("notification #{} to patient {} [{}]: {}", n.id(), n.patientId(), n.kind(), n.message());
    }
}
