package io.github.langfuse4j.autoconfigure;

import java.net.URI;
import java.util.Locale;

/**
 * Whether a Langfuse host is reached over plain http on another machine, where the Basic
 * credentials and the telemetry cross the network in clear. Loopback names and addresses
 * ({@code localhost}, {@code *.localhost}, {@code 127.x.x.x}, {@code ::1}) count as this
 * machine; no name is resolved.
 */
final class PlainHttp {

	private PlainHttp() {
	}

	/**
	 * Whether the exporter would send keys and telemetry unencrypted over a network.
	 * @param host a host that {@link io.github.langfuse4j.ingest.IngestConfig} accepted
	 * @return {@code true} for {@code http://} to a host that is not a loopback name or
	 * address
	 */
	static boolean toAnotherMachine(String host) {
		URI uri = URI.create(host);
		return "http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost());
	}

	static boolean isLoopback(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		if (name.startsWith("[") && name.endsWith("]")) {
			name = name.substring(1, name.length() - 1);
		}
		return name.equals("localhost") || name.endsWith(".localhost") || name.matches("127(\\.\\d{1,3}){3}")
				|| name.matches("(0{0,4}:){2,7}0{0,3}1");
	}

}
