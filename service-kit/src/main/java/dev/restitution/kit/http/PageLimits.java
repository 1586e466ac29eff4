package dev.restitution.kit.http;

/**
 * The page sizes of every paged list, as the shared {@code Limit} parameter of
 * {@code openapi/common.yaml} declares them (the generated interfaces enforce them); published by
 * each service's {@code GET /limits}. {@code PageLimitsTest} keeps the two in agreement.
 */
public final class PageLimits {

    /** The largest {@code limit} a paged list accepts. */
    public static final int MAX = 200;
    /** The page size when {@code limit} is left out. */
    public static final int DEFAULT = 50;

    private PageLimits() {
    }
}
