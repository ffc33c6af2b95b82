package io.mailflow.model;

/** Where a disclaimer goes in the body (Exchange's {@code ApplyHtmlDisclaimerLocation}). */
public enum DisclaimerLocation {
    Append,
    Prepend
}
