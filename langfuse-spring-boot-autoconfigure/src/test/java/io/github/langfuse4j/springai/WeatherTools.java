package io.github.langfuse4j.springai;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/** A real {@code @Tool}: the ChatClient's tool loop runs it. */
class WeatherTools {

	static final String FORECAST = "Sunny, 21 degrees";

	@Tool(name = "weather", description = "The weather forecast for a city")
	String weather(@ToolParam(description = "the city") String city) {
		return FORECAST + " in " + city;
	}

}
