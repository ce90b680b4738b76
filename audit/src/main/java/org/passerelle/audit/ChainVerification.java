package org.passerelle.audit;

import java.util.Optional;

/**
 * The result of {@link AuditReader#verifyChain()}.
 *
 * @param rowsChecked  rows whose links were verified
 * @param chains       chains (partitions) seen
 * @param firstBroken  the first broken link, or empty when every chain is intact
 */
public record ChainVerification(long rowsChecked, int chains, Optional<BrokenLink> firstBroken) {

    /** Where and why a chain is broken; {@code rowId} is 0 when no row is involved (a truncated tail). */
    public record BrokenLink(String chainId, long seq, long rowId, AuditFailure failure, String message) { }

    public boolean intact() { return firstBroken.isEmpty(); }

    @Override
    public String toString() {
        return firstBroken.map(b -> "BROKEN: " + b.message() + " (" + rowsChecked + " rows checked before)")
                .orElse("OK: " + rowsChecked + " audit rows in " + chains + " chain(s), every link verified");
    }
}
