package io.github.langfuse4j.ingest;

import org.jspecify.annotations.Nullable;

/**
 * A setting of {@link IngestConfig} is out of range. Names the setting in its property
 * form (for example {@code max-batch}), so that the Spring Boot starter can report it as
 * {@code langfuse.max-batch}.
 */
public class InvalidSettingException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String setting;

	private final transient @Nullable Object value;

	private final String reason;

	/**
	 * Creates the exception; its message names the setting, what a valid value looks like
	 * and the rejected value.
	 * @param setting the setting in kebab case, for example {@code max-batch}
	 * @param value the rejected value
	 * @param reason what a valid value looks like
	 */
	public InvalidSettingException(String setting, @Nullable Object value, String reason) {
		super(setting + " " + reason + " (was '" + value + "')");
		this.setting = setting;
		this.value = value;
		this.reason = reason;
	}

	/**
	 * The setting, as the Spring Boot starter's property without the {@code langfuse.}
	 * prefix.
	 * @return the setting in kebab case, for example {@code max-batch}
	 */
	public String getSetting() {
		return this.setting;
	}

	/**
	 * The rejected value; for a host, with any user info replaced by {@code ***}.
	 * @return the rejected value
	 */
	public @Nullable Object getValue() {
		return this.value;
	}

	/**
	 * What a valid value looks like, for example {@code must be between 1 and 10000}.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
