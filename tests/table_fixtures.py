"""Archives for the labelling tests: real-looking news rows with the seven kinds of bad row mixed in."""

import json

NEWS = [
    ("国网宁波供电公司保障企业用电", "国网宁波供电公司组建技术服务队，走访工业企业，排查用电隐患，保障迎峰度夏期间企业电力供应稳定。"),
    ("第十届戏剧节在杭州开幕", "第十届戏剧节今天在杭州开幕，来自全国的三十多部话剧、舞剧和非遗展演将陆续上演，博物馆同步推出文物特展。"),
    ("湿地保护修复成效明显", "各地加强湿地保护修复，退化湿地生态功能逐步恢复，候鸟种群数量持续增加，生态环境质量稳中向好。"),
    ("社区养老服务覆盖面扩大", "民政部门推动社区养老服务设施建设，医院与社区卫生服务中心合作，为老年人提供上门医疗和康复服务。"),
    ("风电光伏装机容量增长", "今年以来风电、光伏发电装机容量持续增长，新能源发电量占比进一步提高，电网调峰能力不断增强。"),
    ("外交部长会见来访客人", "外交部长今天在北京会见来访的外国客人，双方就双边关系和共同关心的国际问题交换了意见。"),
]
# One of each kind of row that cannot be labelled, as raw JSON lines.
BAD_LINES = [
    b'{"id": "not-json", "text": ',
    b'["a", "list"]',
    b'{"id": "latin-1", "text": "caf\xe9"}',
    b'{"id": "no-text", "title": "only a title"}',
    b'{"id": "empty", "text": "  \\u3000 "}',
    b'{"id": "number", "text": 42}',
    json.dumps({"id": "too-long", "text": "长" * 200_001}).encode(),
]
BAD_REASONS = ["not JSON", "not an object", "not UTF-8", "no 'text' field", "is empty", "not a string", "over the limit"]


def news_rows(n: int) -> list[dict]:
    return [{"id": f"story-{i}", "title": NEWS[i % len(NEWS)][0], "text": f"第{i}条。" + NEWS[i % len(NEWS)][1]}
            for i in range(n)]


def write_archive(path, n_good: int, bad_every: int = 3) -> list[int]:
    """n_good story lines with the seven bad lines spread among them; returns the bad lines' row indexes."""
    lines, bad_rows = [], []
    bad = list(BAD_LINES)
    for i, row in enumerate(news_rows(n_good)):
        lines.append(json.dumps(row, ensure_ascii=False).encode("utf-8"))
        if bad and i % bad_every == 1:
            bad_rows.append(len(lines))
            lines.append(bad.pop(0))
    for line in bad:
        bad_rows.append(len(lines))
        lines.append(line)
    path.write_bytes(b"\n".join(lines) + b"\n")
    return bad_rows


def read_jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
