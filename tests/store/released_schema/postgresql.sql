-- The schema of the released radio (commit 361d4c9), as Base.metadata.create_all made it on postgresql.
-- Frozen: generated once from that commit's radio/store models (git archive 361d4c9 radio/store radio/core);
-- never regenerate it from today's models. tests/store/test_migrations.py upgrades a database made from it.

CREATE TABLE airings (
	id SERIAL NOT NULL, 
	month VARCHAR(7) NOT NULL, 
	item_id VARCHAR(100) NOT NULL, 
	station_id VARCHAR(32) NOT NULL, 
	starts_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	duration_s FLOAT NOT NULL, 
	priority VARCHAR(20) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (station_id, item_id, starts_at)
);

CREATE INDEX ix_airings_month ON airings (month);

CREATE INDEX ix_airings_station_id ON airings (station_id);

CREATE TABLE approvals (
	id SERIAL NOT NULL, 
	month VARCHAR(7) NOT NULL, 
	script_sha256 VARCHAR(64) NOT NULL, 
	approved_by VARCHAR(200) NOT NULL, 
	approved_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_approvals_month ON approvals (month);

CREATE TABLE emergency_items (
	id VARCHAR(100) NOT NULL, 
	title VARCHAR(300) NOT NULL, 
	priority VARCHAR(20) NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	size INTEGER NOT NULL, 
	duration_s FLOAT NOT NULL, 
	stations TEXT NOT NULL, 
	valid_from TIMESTAMP WITH TIME ZONE NOT NULL, 
	valid_to TIMESTAMP WITH TIME ZONE NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE episodes (
	id SERIAL NOT NULL, 
	month VARCHAR(7) NOT NULL, 
	title VARCHAR(300) NOT NULL, 
	duration_s FLOAT NOT NULL, 
	predicted_s FLOAT NOT NULL, 
	loudness_lufs FLOAT NOT NULL, 
	true_peak_dbtp FLOAT NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	script_sha256 VARCHAR(64) NOT NULL, 
	mp3_path TEXT NOT NULL, 
	built_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (month)
);

CREATE TABLE play_reports (
	id SERIAL NOT NULL, 
	report_id VARCHAR(64) NOT NULL, 
	station_id VARCHAR(32) NOT NULL, 
	event VARCHAR(20) NOT NULL, 
	item_id VARCHAR(100), 
	sha256 VARCHAR(64), 
	manifest_sequence INTEGER, 
	at TIMESTAMP WITH TIME ZONE NOT NULL, 
	received_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	detail TEXT NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (report_id)
);

CREATE INDEX ix_play_reports_station_id ON play_reports (station_id);

CREATE TABLE publications (
	id SERIAL NOT NULL, 
	sequence INTEGER NOT NULL, 
	published_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	items TEXT NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (sequence)
);

CREATE TABLE station_tokens (
	station_id VARCHAR(32) NOT NULL, 
	token_sha256 VARCHAR(64) NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	PRIMARY KEY (station_id), 
	UNIQUE (token_sha256)
);

CREATE TABLE topics (
	id SERIAL NOT NULL, 
	title VARCHAR(500) NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE episode_segments (
	id SERIAL NOT NULL, 
	episode_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	key VARCHAR(100) NOT NULL, 
	kind VARCHAR(30) NOT NULL, 
	topic_id INTEGER, 
	title VARCHAR(300) NOT NULL, 
	engine VARCHAR(30) NOT NULL, 
	start_s FLOAT NOT NULL, 
	duration_s FLOAT NOT NULL, 
	predicted_s FLOAT NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (episode_id, position), 
	FOREIGN KEY(episode_id) REFERENCES episodes (id) ON DELETE CASCADE, 
	FOREIGN KEY(topic_id) REFERENCES topics (id)
);
