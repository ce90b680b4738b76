package org.passerelle.gateway.audit;

import org.passerelle.audit.AuditEvent;
import org.passerelle.audit.AuditTrail;
import org.passerelle.gateway.spi.Caller;
import org.passerelle.gateway.spi.Transaction;
import org.passerelle.gateway.spi.TransactionAuditor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records every gateway transaction, allowed or refused, in the hash-chained ATNA {@link AuditTrail}. Only
 * queues: the trail's single writer thread does the database work, so requests never wait for each other here.
 */
public final class AtnaTransactionAuditor implements TransactionAuditor {

    private static final Logger LOG = LoggerFactory.getLogger(AtnaTransactionAuditor.class);
    private static final Pattern RULE = Pattern.compile("\\bR-\\d{2}\\b");

    private final AuditTrail trail;
    private final Clock clock;

    public AtnaTransactionAuditor(AuditTrail trail) { this(trail, Clock.systemUTC()); }

    public AtnaTransactionAuditor(AuditTrail trail, Clock clock) {
        this.trail = Objects.requireNonNull(trail, "trail");
        this.clock = clock;
    }

    @Override
    public void record(Caller caller, Transaction transaction, String patientId, List<String> documentIds,
                       Outcome outcome, String detail) {
        try {
            trail.record(toEvent(caller, transaction, patientId, documentIds, outcome, detail));
        } catch (RuntimeException e) {
            // never fail the transaction because of the audit; say loudly what was not audited
            LOG.error("AUDIT NOT RECORDED for {} by {} on patient {} ({}): {}", transaction.id(),
                    caller == null ? null : caller.subjectId(), patientId, outcome, e.toString());
        }
    }

    AuditEvent toEvent(Caller caller, Transaction transaction, String patientId, List<String> documentIds,
                       Outcome outcome, String detail) {
        Caller c = caller == null ? Caller.anonymous() : caller;
        String mode = c.purposeOfUse() == null ? null : c.purposeOfUse().toLowerCase(Locale.ROOT);
        return new AuditEvent(clock.instant(), transaction.id(), AuditEvent.Outcome.valueOf(outcome.name()), c.subjectId(),
                c.subjectName(), c.structureId(), c.professionCode(), c.specialtyCode(), c.authMode(), mode,
                c.attribute("Mode_Acces_Raison").orElse(null), patientId, documentIds, ruleOf(detail, mode, outcome), detail);
    }

    /** The refusing rule named in the detail, or for an allowed emergency access the rule that opened it. */
    static String ruleOf(String detail, String mode, Outcome outcome) {
        if (detail != null) {
            Matcher m = RULE.matcher(detail);
            if (m.find()) return m.group();
        }
        if (outcome == Outcome.SUCCESS || outcome == Outcome.PARTIAL_SUCCESS) {
            if ("bris_de_glace".equals(mode)) return "R-30";
            if ("centre_15".equals(mode)) return "R-31";
        }
        return null;
    }

    public AuditTrail trail() { return trail; }
}
