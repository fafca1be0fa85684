package io.consumidor.basec;

/**
 * A document of Base C's {@code erasures} index ({@link BaseCIndices#erasures()}, template {@code erasures.json}):
 * one per erased subject, {@code _id} = the subject, so a reader (the query API) tells an erased subject by a get,
 * and the router's sweep finds the late documents to delete. Its fields are the template's; their names are here.
 *
 * @param subject  the erased subject
 * @param erasedAt when the erasure happened (ISO-8601): documents that occurred by then are the subject's old data
 * @param targets  the index patterns the erasure cleared, comma-separated
 */
public record ErasureMarker(String subject, String erasedAt, String targets) {

    public static final String SUBJECT = "subject";
    public static final String ERASED_AT = "erasedAt";
    public static final String TARGETS = "targets";
}
