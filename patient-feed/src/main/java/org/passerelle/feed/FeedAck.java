package org.passerelle.feed;

/**
 * The acknowledgment a feed receiver returned: MSA-1 code ({@code AA}, {@code AE}, {@code AR}, …), the ERR-8 / MSA-3
 * text when any, and the ERR-3 error code.
 */
public record FeedAck(String code, String errorCode, String text) {

    public boolean accepted() {
        return "AA".equals(code) || "CA".equals(code);
    }
}
