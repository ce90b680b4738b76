package org.passerelle.audit;

/**
 * Delivers a notification to the patient (e-mail, post, Mon espace santé…). Throw to have it retried later.
 * Delivery is at-least-once: a sender may see the same notification twice after a crash, and can de-duplicate
 * on {@link Notification#id()}.
 */
@FunctionalInterface
public interface NotificationSender {
    void send(Notification notification) throws Exception;
}
