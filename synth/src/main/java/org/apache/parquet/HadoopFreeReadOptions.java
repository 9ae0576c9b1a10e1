package org.apache.parquet;

import java.util.HashMap;

import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Read options built without Hadoop. {@link ParquetReadOptions.Builder}'s constructors always create Hadoop's codec
 * factory, which loads Hadoop classes even when another factory replaces it, so this calls the package-private
 * constructor directly with parquet-mr's defaults. It lives in parquet's package for that reason only; the compiler
 * checks the constructor's signature against the pinned parquet version.
 */
public final class HadoopFreeReadOptions {

    private static final int MAX_ALLOCATION = 8 * 1024 * 1024;

    private HadoopFreeReadOptions() {
    }

    /**
     * @param codecs the page codecs
     * @return options reading every row of every row group (no filter), checking page checksums where present
     */
    public static ParquetReadOptions of(CompressionCodecFactory codecs) {
        return new ParquetReadOptions(false, // useSignedStringMinMax
                false, // useStatsFilter: there is no filter to use them for
                false, // useDictionaryFilter
                false, // useRecordFilter
                false, // useColumnIndexFilter
                true, // usePageChecksumVerification
                false, // useBloomFilter
                false, // useOffHeapDecryptBuffer
                false, // useHadoopVectoredIo
                FilterCompat.NOOP, ParquetMetadataConverter.NO_FILTER, codecs, new HeapByteBufferAllocator(),
                MAX_ALLOCATION, new HashMap<>(), null, null, new PlainParquetConfiguration());
    }
}
