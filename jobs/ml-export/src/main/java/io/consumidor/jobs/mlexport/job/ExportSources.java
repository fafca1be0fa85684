package io.consumidor.jobs.mlexport.job;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.basec.ActivitySummaries;
import org.bson.Document;

/** The readers of Base B and C an export takes its rows from. */
public record ExportSources(MongoDatabase database, ProfileHistory history, ActivitySummaries activity, MongoCollection<Document> profiles) {
}
