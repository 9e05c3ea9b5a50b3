-- 0010 venue standardisation (标准化): the checklist per level that venues are scored against,
-- and the pilot venues (标准化试点). See domain/standard.h.
-- Times are epoch seconds (BIGINT).

-- One checklist per level: criteria is a JSON array of {field, rule, min?, text?, weight,
-- label} (domain/standard_score.h), validated before it is stored. version counts the edits.
CREATE TABLE standards (
	level      TEXT PRIMARY KEY CHECK (level IN ('town', 'village')),
	criteria   TEXT NOT NULL,
	version    BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	updated_by TEXT NOT NULL
);

-- A venue listed here is a 标准化试点.
CREATE TABLE standard_pilots (
	venue_id   BIGINT PRIMARY KEY REFERENCES venues (id),
	since      BIGINT NOT NULL,
	set_by     TEXT NOT NULL
);

-- The default standard (survey §二.1 and requirements.md F1); the county edits it.
INSERT INTO standards (level, criteria, version, updated_at, updated_by) VALUES ('town', '[
{"field":"area_m2","rule":"at_least","min":50,"weight":10,"label":"面积不少于50平方米"},
{"field":"window_count","rule":"at_least","min":4,"weight":10,"label":"窗口工位不少于4个"},
{"field":"location","rule":"contains","text":"镇政府一楼","weight":10,"label":"位于镇政府一楼"},
{"field":"open_to_public","rule":"is_true","weight":5,"label":"开放式服务柜台"},
{"field":"outdoor_sign","rule":"is_true","weight":10,"label":"室外统一标识"},
{"field":"item_screen","rule":"is_true","weight":10,"label":"事项分类吊屏"},
{"field":"zones","rule":"at_least","min":2,"weight":10,"label":"功能分区（办理区、等候区等）"},
{"field":"cctv_inside","rule":"is_true","weight":8,"label":"室内监控"},
{"field":"cctv_outside","rule":"is_true","weight":7,"label":"室外监控"},
{"field":"post_board","rule":"is_true","weight":10,"label":"岗位公示栏"},
{"field":"disclosure_board","rule":"is_true","weight":5,"label":"政务公开栏"},
{"field":"equipment","rule":"not_empty","weight":5,"label":"设施设备配置"}
]', 1, 0, 'system');
INSERT INTO standards (level, criteria, version, updated_at, updated_by) VALUES ('village', '[
{"field":"open_to_public","rule":"is_true","weight":25,"label":"对外开放的服务室（接待窗口）"},
{"field":"window_count","rule":"at_least","min":1,"weight":10,"label":"至少1个接待窗口"},
{"field":"area_m2","rule":"at_least","min":30,"weight":10,"label":"面积不少于30平方米"},
{"field":"outdoor_sign","rule":"is_true","weight":10,"label":"室外统一标识"},
{"field":"zones","rule":"at_least","min":2,"weight":10,"label":"功能分区（办理区、等候区）"},
{"field":"post_board","rule":"is_true","weight":10,"label":"岗位公示栏"},
{"field":"disclosure_board","rule":"is_true","weight":10,"label":"村务公开栏"},
{"field":"cctv_inside","rule":"is_true","weight":10,"label":"室内监控"},
{"field":"equipment","rule":"not_empty","weight":5,"label":"办公设备配置"}
]', 1, 0, 'system');
