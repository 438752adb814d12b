package io.github.langfuse4j.ingest.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * Body of a {@code trace-create} event. Traces are upserted by {@code id}: later events
 * with the same id overwrite the fields they carry, so leave fields you do not want to
 * change absent ({@code null}).
 *
 * @param id the trace id (required: the server silently drops a trace without one)
 * @param timestamp start of the trace (defaults to the envelope timestamp on the server)
 * @param name the trace name, at most 1000 characters
 * @param userId the user the trace belongs to
 * @param sessionId the session the trace belongs to
 * @param release the application release
 * @param version the application version
 * @param input the trace input, any JSON value
 * @param output the trace output, any JSON value
 * @param metadata metadata, any JSON value (objects are merged deeply by the server)
 * @param tags tags (the server keeps the union of all tags sent)
 * @param isPublic whether the trace is publicly accessible by URL, written as
 * {@code public}
 * @param environment the environment, {@code [a-z0-9_-]{1,40}}, not starting with
 * {@code langfuse}
 * @param rootObservationId the id of the observation that is this trace's root, for a
 * trace started by a lone observation (the tracing API sets it when an observation starts
 * with nothing current). Never written to the wire: in the {@code ingestion} protocol the
 * trace and its observation are sent as they are; in the {@code otlp} protocol the
 * observation's span becomes the trace's root span instead of a separate synthetic one.
 * {@code null} for none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TraceBody(String id, @Nullable Instant timestamp, @Nullable String name, @Nullable String userId,
		@Nullable String sessionId, @Nullable String release, @Nullable String version, @Nullable Object input,
		@Nullable Object output, @Nullable Object metadata, @Nullable List<String> tags,
		@JsonProperty("public") @Nullable Boolean isPublic, @Nullable String environment,
		@JsonIgnore @Nullable String rootObservationId) {

	/** Maximum length of a trace name accepted by the server. */
	public static final int MAX_NAME_LENGTH = 1000;

	/**
	 * Create a new {@link TraceBody}.
	 * @throws IllegalArgumentException if {@code id} is blank or {@code name} is too long
	 */
	public TraceBody {
		Checks.id(id, "id");
		if (name != null && name.length() > MAX_NAME_LENGTH) {
			throw new IllegalArgumentException("name must be at most " + MAX_NAME_LENGTH + " characters");
		}
		input = Checks.copyJson(input);
		output = Checks.copyJson(output);
		metadata = Checks.copyJson(metadata);
		tags = Checks.copyList(tags);
	}

	/**
	 * Create a new {@link TraceBody} without a root observation.
	 * @param id the trace id
	 * @param timestamp start of the trace
	 * @param name the trace name
	 * @param userId the user
	 * @param sessionId the session
	 * @param release the release
	 * @param version the version
	 * @param input the input
	 * @param output the output
	 * @param metadata the metadata
	 * @param tags the tags
	 * @param isPublic whether the trace is public
	 * @param environment the environment
	 * @throws IllegalArgumentException if {@code id} is blank or {@code name} is too long
	 */
	public TraceBody(String id, Instant timestamp, String name, String userId, String sessionId, String release,
			String version, Object input, Object output, Object metadata, List<String> tags, Boolean isPublic,
			String environment) {
		this(id, timestamp, name, userId, sessionId, release, version, input, output, metadata, tags, isPublic,
				environment, null);
	}

	/**
	 * Start a builder for a trace with the given id.
	 * @param id the trace id
	 * @return a new builder
	 */
	public static Builder builder(String id) {
		return new Builder(id);
	}

	/**
	 * Return a builder initialized with the values of this body.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder(this.id);
		builder.timestamp = this.timestamp;
		builder.name = this.name;
		builder.userId = this.userId;
		builder.sessionId = this.sessionId;
		builder.release = this.release;
		builder.version = this.version;
		builder.input = this.input;
		builder.output = this.output;
		builder.metadata = this.metadata;
		builder.tags = this.tags;
		builder.isPublic = this.isPublic;
		builder.environment = this.environment;
		builder.rootObservationId = this.rootObservationId;
		return builder;
	}

	/**
	 * Builder for {@link TraceBody}. Every setter accepts {@code null} to leave the field
	 * absent.
	 */
	public static final class Builder {

		private String id;

		private Instant timestamp;

		private String name;

		private String userId;

		private String sessionId;

		private String release;

		private String version;

		private Object input;

		private Object output;

		private Object metadata;

		private List<String> tags;

		private Boolean isPublic;

		private String environment;

		private String rootObservationId;

		private Builder(String id) {
			this.id = id;
		}

		/**
		 * Set the trace id.
		 * @param id the id
		 * @return this builder
		 */
		public Builder id(String id) {
			this.id = id;
			return this;
		}

		/**
		 * Set the trace timestamp.
		 * @param timestamp the timestamp
		 * @return this builder
		 */
		public Builder timestamp(@Nullable Instant timestamp) {
			this.timestamp = timestamp;
			return this;
		}

		/**
		 * Set the trace name.
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(@Nullable String name) {
			this.name = name;
			return this;
		}

		/**
		 * Set the user id.
		 * @param userId the user id
		 * @return this builder
		 */
		public Builder userId(@Nullable String userId) {
			this.userId = userId;
			return this;
		}

		/**
		 * Set the session id.
		 * @param sessionId the session id
		 * @return this builder
		 */
		public Builder sessionId(@Nullable String sessionId) {
			this.sessionId = sessionId;
			return this;
		}

		/**
		 * Set the release.
		 * @param release the release
		 * @return this builder
		 */
		public Builder release(@Nullable String release) {
			this.release = release;
			return this;
		}

		/**
		 * Set the version.
		 * @param version the version
		 * @return this builder
		 */
		public Builder version(@Nullable String version) {
			this.version = version;
			return this;
		}

		/**
		 * Set the input.
		 * @param input any JSON value
		 * @return this builder
		 */
		public Builder input(@Nullable Object input) {
			this.input = input;
			return this;
		}

		/**
		 * Set the output.
		 * @param output any JSON value
		 * @return this builder
		 */
		public Builder output(@Nullable Object output) {
			this.output = output;
			return this;
		}

		/**
		 * Set the metadata.
		 * @param metadata any JSON value
		 * @return this builder
		 */
		public Builder metadata(@Nullable Object metadata) {
			this.metadata = metadata;
			return this;
		}

		/**
		 * Set the tags.
		 * @param tags the tags
		 * @return this builder
		 */
		public Builder tags(String... tags) {
			this.tags = (tags != null) ? Arrays.asList(tags) : null;
			return this;
		}

		/**
		 * Set the tags.
		 * @param tags the tags
		 * @return this builder
		 */
		public Builder tags(@Nullable Collection<String> tags) {
			this.tags = (tags != null) ? List.copyOf(tags) : null;
			return this;
		}

		/**
		 * Set whether the trace is publicly accessible by URL.
		 * @param publicTrace {@code true} to make the trace public
		 * @return this builder
		 */
		public Builder publicTrace(@Nullable boolean publicTrace) {
			this.isPublic = publicTrace;
			return this;
		}

		/**
		 * Set the environment.
		 * @param environment the environment
		 * @return this builder
		 */
		public Builder environment(@Nullable String environment) {
			this.environment = environment;
			return this;
		}

		/**
		 * Set the observation that is this trace's root (see
		 * {@link TraceBody#rootObservationId()}); never sent to the ingestion endpoint.
		 * @param rootObservationId the observation id, or {@code null} for none
		 * @return this builder
		 */
		public Builder rootObservationId(@Nullable String rootObservationId) {
			this.rootObservationId = rootObservationId;
			return this;
		}

		/**
		 * Build the body.
		 * @return the body
		 * @throws IllegalArgumentException if a value is invalid
		 */
		public TraceBody build() {
			return new TraceBody(this.id, this.timestamp, this.name, this.userId, this.sessionId, this.release,
					this.version, this.input, this.output, this.metadata, this.tags, this.isPublic, this.environment,
					this.rootObservationId);
		}

	}

}
