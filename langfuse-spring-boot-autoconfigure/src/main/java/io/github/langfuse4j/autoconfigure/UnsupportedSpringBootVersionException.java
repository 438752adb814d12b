package io.github.langfuse4j.autoconfigure;

/**
 * The application runs on a Spring Boot older than 4.0, which the starter does not
 * support: Spring Boot 3 brings Jackson 2's annotations, and the starter's Jackson 3
 * mapper would fail later with a {@code NoClassDefFoundError}.
 */
final class UnsupportedSpringBootVersionException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String foundVersion;

	/**
	 * Creates the exception for the version found.
	 * @param foundVersion the Spring Boot version found, or {@code null} if unknown
	 */
	UnsupportedSpringBootVersionException(String foundVersion) {
		super("The Langfuse starter (langfuse-spring-boot-starter) needs Spring Boot 4.0 or newer, but "
				+ ((foundVersion != null) ? "Spring Boot " + foundVersion : "an older Spring Boot (version unknown)")
				+ " was found");
		this.foundVersion = foundVersion;
	}

	/**
	 * The Spring Boot version found.
	 * @return the Spring Boot version found, or {@code null} if unknown
	 */
	String getFoundVersion() {
		return this.foundVersion;
	}

}
