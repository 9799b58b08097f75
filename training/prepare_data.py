"""Turn ../shared/data into `datasets` splits for topic classification and print their counts.

    python training/prepare_data.py [--extra fudan tnews] [--output data/prepared/topic]
"""

import argparse
import json

from zhnews.paths import PREPARED_DATA_DIR, SHARED_DATA_DIR
from zhnews.topic.data import DEFAULT_LABEL_MAPS, build_topic_splits, label_counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=str(SHARED_DATA_DIR))
    parser.add_argument("--label-maps", default=str(DEFAULT_LABEL_MAPS))
    parser.add_argument("--extra", nargs="*", default=[], help="extra mapped training sources")
    parser.add_argument("--ood", default="thucnews", help="out-of-domain dev source ('' for none)")
    parser.add_argument("--output", default=str(PREPARED_DATA_DIR / "topic"))
    args = parser.parse_args()
    splits = build_topic_splits(args.extra, args.ood or None, args.label_maps, args.data_dir)
    splits.save_to_disk(args.output)
    print(json.dumps({"output": args.output, "rows": {k: len(v) for k, v in splits.items()},
                      "labels": label_counts(splits)}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
