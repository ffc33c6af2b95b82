package io.mailflow.smtp;

/** RFC 6152 BODY parameter values Mailflow accepts (BINARYMIME is not offered). */
public enum BodyType {
    SEVEN_BIT("7BIT"), EIGHT_BIT_MIME("8BITMIME");

    private final String keyword;

    BodyType(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
