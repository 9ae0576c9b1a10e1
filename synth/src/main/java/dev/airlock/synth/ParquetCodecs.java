package dev.airlock.synth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import io.airlift.compress.Decompressor;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;

/**
 * The Parquet page codecs, in pure Java. Parquet's own codec factory goes through Hadoop's codec classes (and native
 * Snappy and Zstd libraries); these use aircompressor, which parquet-hadoop already depends on, so neither Hadoop nor a
 * native library is needed at run time. Reading supports the codecs common writers use (Snappy, Gzip, Zstd, LZ4_RAW,
 * none); writing uses Snappy.
 */
final class ParquetCodecs implements CompressionCodecFactory {

    static final ParquetCodecs INSTANCE = new ParquetCodecs();

    private ParquetCodecs() {
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        if (codec != CompressionCodecName.SNAPPY) {
            throw new IllegalArgumentException("only Snappy is written");
        }
        return new SnappyWriter();
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new Reader(null);
            case SNAPPY -> new Reader(new SnappyDecompressor());
            case ZSTD -> new Reader(new ZstdDecompressor());
            case LZ4_RAW -> new Reader(new Lz4Decompressor());
            case GZIP -> new GzipReader();
            default -> throw new InvalidInputException("the table is a Parquet file compressed with "
                    + codec.name().toLowerCase(Locale.ROOT)
                    + ", which is not supported; Snappy, Gzip, Zstd, LZ4_RAW or no compression are");
        };
    }

    @Override
    public void release() {
    }

    /** Snappy, as Parquet frames it: one raw Snappy block per page. */
    static final class SnappyWriter implements BytesInputCompressor {
        private final SnappyCompressor snappy = new SnappyCompressor();
        private byte[] buffer = new byte[0];

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            byte[] input = bytes.toByteArray();
            int max = snappy.maxCompressedLength(input.length);
            if (buffer.length < max) {
                buffer = new byte[max];
            }
            int length = snappy.compress(input, 0, input.length, buffer, 0, buffer.length);
            // the page store keeps the bytes until the row group is flushed, so they are copied out of the buffer
            return BytesInput.from(java.util.Arrays.copyOf(buffer, length));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.SNAPPY;
        }

        @Override
        public void release() {
        }
    }

    /** A block codec; {@code null} for uncompressed pages. */
    private record Reader(Decompressor codec) implements ArrayDecompressor {

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            if (codec == null) {
                return bytes;
            }
            byte[] input = bytes.toByteArray();
            byte[] output = new byte[uncompressedSize];
            try {
                int length = codec.decompress(input, 0, input.length, output, 0, output.length);
                if (length != uncompressedSize) {
                    throw new IOException("a page decompressed to another size than its header says");
                }
            } catch (MalformedInputException | IndexOutOfBoundsException e) {
                throw new IOException("a page cannot be decompressed", e);
            }
            return BytesInput.from(output);
        }
    }

    /** Gzip, with the JDK's inflater. */
    private static final class GzipReader implements ArrayDecompressor {

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                byte[] output = in.readNBytes(uncompressedSize);
                if (output.length != uncompressedSize) {
                    throw new IOException("a page decompressed to another size than its header says");
                }
                return BytesInput.from(output);
            }
        }
    }

    /** A decompressor working on byte arrays; the buffer variant copies through them. */
    private interface ArrayDecompressor extends BytesInputDecompressor {

        @Override
        default void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            output.put(decompress(BytesInput.from(in), uncompressedSize).toByteBuffer());
        }

        @Override
        default void release() {
        }
    }
}
