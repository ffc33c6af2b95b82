package io.mailflow.rules;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/** RFC 2047 encoded words in header values, decoded with the charsets they name (UTF-8, ISO-2022-JP, ...). */
final class EncodedWords {

    private EncodedWords() {
    }

    static String decode(String value) {
        return value == null ? null : value.contains("=?") ? DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT) : value;
    }
}
