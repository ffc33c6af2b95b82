package io.mailflow;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import io.mailflow.model.LoggingSettings;

/** On a console appender in logback.xml: passes events only while its encoding is the one in force ({@link LogFormat}). */
public final class LogFormatFilter extends Filter<ILoggingEvent> {

    private LoggingSettings.Format format = LoggingSettings.Format.Text;

    /** Set from logback.xml: {@code text} or {@code json}. */
    public void setFormat(String format) {
        this.format = LoggingSettings.Format.valueOf(format.substring(0, 1).toUpperCase() + format.substring(1).toLowerCase());
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return LogFormat.current() == format ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
