package dev.airlock.common.contract;

/** Constants of the wire contract shared by hub, dispatcher and worker. */
public final class Contract {

    /** The major schema version this code writes and accepts. Additive changes keep it. */
    public static final int SCHEMA_VERSION = 1;

    /** AMQP header naming the message's record type. */
    public static final String HEADER_MESSAGE_TYPE = "x-airlock-type";

    /** AMQP header carrying why a message was dead-lettered. */
    public static final String HEADER_REJECT_REASON = "x-airlock-reject-reason";

    /** Largest message body a consumer accepts, in bytes. */
    public static final int MAX_MESSAGE_BYTES = 256 * 1024;

    private Contract() {
    }
}
