package dev.restitution.claims.evidence.domain;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The file types evidence may have, each recognised by its bytes: a declared Content-Type is believed
 * only when the bytes agree (a renamed executable is not a PDF because its header says so).
 */
public enum EvidenceType {
    PDF("application/pdf"), PNG("image/png"), JPEG("image/jpeg"), TEXT("text/plain");

    private static final byte[] PDF_MAGIC = {'%', 'P', 'D', 'F', '-'};
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG_MAGIC = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    private final String mediaType;

    EvidenceType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The type a Content-Type names (parameters such as charset ignored), if it is allowed. */
    public static Optional<EvidenceType> ofMediaType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String bare = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return Arrays.stream(values()).filter(type -> type.mediaType.equals(bare)).findFirst();
    }

    /** Whether {@code content} really is of this type. */
    public boolean matches(byte[] content) {
        return switch (this) {
            case PDF -> startsWith(content, PDF_MAGIC);
            case PNG -> startsWith(content, PNG_MAGIC);
            case JPEG -> startsWith(content, JPEG_MAGIC);
            // A PDF is ASCII too: what is recognisably another type is not plain text.
            case TEXT -> !startsWith(content, PDF_MAGIC) && isPlainText(content);
        };
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        return content.length >= magic.length && Arrays.equals(content, 0, magic.length, magic, 0, magic.length);
    }

    /** UTF-8 without control characters other than tab, line feed and carriage return. */
    private static boolean isPlainText(byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException notUtf8) {
            return false;
        }
        return text.chars().allMatch(character -> character >= 0x20 || character == '\t' || character == '\n'
                || character == '\r') && text.chars().noneMatch(character -> character == 0x7f);
    }
}
