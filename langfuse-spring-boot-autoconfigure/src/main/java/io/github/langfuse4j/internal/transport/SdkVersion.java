package io.github.langfuse4j.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The starter's version, sent as {@code x-langfuse-sdk-version}; read from a file Maven
 * fills in.
 */
final class SdkVersion {

	static final String VALUE = load();

	private SdkVersion() {
	}

	private static String load() {
		try (InputStream in = SdkVersion.class
			.getResourceAsStream("/io/github/langfuse4j/langfuse-version.properties")) {
			if (in != null) {
				Properties properties = new Properties();
				properties.load(in);
				String version = properties.getProperty("version");
				if (version != null && !version.isBlank() && !version.startsWith("${")) {
					return version;
				}
			}
		}
		catch (IOException ex) {
			// fall through
		}
		return "unknown";
	}

}
