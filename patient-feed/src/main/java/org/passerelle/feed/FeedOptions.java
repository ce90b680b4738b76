package org.passerelle.feed;

import java.util.Set;

/**
 * How strictly the feed checks PID-3.
 *
 * @param profile {@code IHE}: any ISO OID assigning authority; {@code FR_DMP}: INS only (NIR/NIA; test and demo OIDs
 *                only when {@code acceptTestIns}), obsolete INS-A/INS-C refused
 * @param acceptTestIns accept INS-NIR test {@code 1.2.250.1.213.1.4.10} and demo {@code .11} (FR_DMP only)
 */
public record FeedOptions(Profile profile, boolean acceptTestIns) {

    public enum Profile { IHE, FR_DMP }

    public static final String INS_NIR = "1.2.250.1.213.1.4.8";
    public static final String INS_NIA = "1.2.250.1.213.1.4.9";
    public static final String INS_NIR_TEST = "1.2.250.1.213.1.4.10";
    public static final String INS_NIR_DEMO = "1.2.250.1.213.1.4.11";
    public static final Set<String> OBSOLETE_INS = Set.of("1.2.250.1.213.1.4.1", "1.2.250.1.213.1.4.2");

    public static FeedOptions ihe() {
        return new FeedOptions(Profile.IHE, true);
    }

    public static FeedOptions frDmp(boolean acceptTestIns) {
        return new FeedOptions(Profile.FR_DMP, acceptTestIns);
    }

    boolean isInsAuthority(String oid) {
        return INS_NIR.equals(oid) || INS_NIA.equals(oid)
                || (acceptTestIns && (INS_NIR_TEST.equals(oid) || INS_NIR_DEMO.equals(oid)));
    }
}
