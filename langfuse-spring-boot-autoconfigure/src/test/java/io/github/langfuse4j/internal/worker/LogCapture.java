package io.github.langfuse4j.internal.worker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Records what one logger writes, with the name of the thread that wrote each line:
 * {@link #start()} before the test, {@link #stop()} after it.
 */
final class LogCapture {

	/** The lines written since {@link #start()}, in order. */
	final List<ILoggingEvent> lines = new CopyOnWriteArrayList<>();

	private final Logger logger;

	private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
		@Override
		protected void append(ILoggingEvent event) {
			event.getThreadName(); // captured now: the name of the thread that logs
			LogCapture.this.lines.add(event);
		}
	};

	LogCapture(Class<?> source) {
		this.logger = (Logger) LoggerFactory.getLogger(source);
	}

	/** Captures a logger by name, for example a whole package. */
	LogCapture(String name) {
		this.logger = (Logger) LoggerFactory.getLogger(name);
	}

	/** The captured logger itself, to change its level. */
	Logger logger() {
		return this.logger;
	}

	void start() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	void stop() {
		this.logger.detachAppender(this.appender);
	}

}
