"""Which weights GRPO starts from when given an SFT output folder."""

from types import SimpleNamespace

from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer
from trl import ModelConfig

from grpo.train import load_student


def sft_output(tiny_model, folder, with_merged: bool):
    """An SFT output folder: a LoRA adapter, and its merged copy in merged/ when `with_merged`."""
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(tiny_model),
                           LoraConfig(r=2, target_modules=["q_proj"], init_lora_weights=False))
    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    if with_merged:
        model.merge_and_unload().save_pretrained(folder / "merged")
        tokenizer.save_pretrained(folder / "merged")
    return folder


TRAINING = SimpleNamespace(trust_remote_code=False, model_init_kwargs=None)


def test_an_adapter_folder_with_merged_loads_the_merged_copy(tiny_model, tmp_path):
    folder = sft_output(tiny_model, tmp_path / "sft", with_merged=True)
    _, _, path = load_student(ModelConfig(model_name_or_path=str(folder)), TRAINING, "float32")
    assert path == str(folder / "merged")


def test_an_adapter_folder_without_merged_is_merged_to_disk_first(tiny_model, tmp_path):
    folder = sft_output(tiny_model, tmp_path / "sft", with_merged=False)
    model, _, path = load_student(ModelConfig(model_name_or_path=str(folder)), TRAINING, "float32")
    base = AutoModelForCausalLM.from_pretrained(tiny_model)
    assert path == str(folder / "merged") and (folder / "merged" / "config.json").is_file()
    assert not hasattr(model, "peft_config") and model.name_or_path == path  # the base GRPO's adapter will name
    changed = model.model.layers[0].self_attn.q_proj.weight != base.model.layers[0].self_attn.q_proj.weight
    assert changed.any()  # the adapter's (non-zero) update is folded into the weights


def test_trl_model_flags_reach_the_loader(monkeypatch):
    """--trust_remote_code, --model_init_kwargs and the quantisation flags are read, not silently ignored."""
    import student

    seen = {}

    def fake_load(name, **options):
        seen.update(options, name=name)
        return None, None, student.Student(name, name)

    monkeypatch.setattr(student, "load_student", fake_load)
    training = SimpleNamespace(trust_remote_code=True, model_init_kwargs={"low_cpu_mem_usage": True})
    model_args = ModelConfig(model_name_or_path="some/model", load_in_8bit=True)
    load_student(model_args, training, "bfloat16")
    assert seen["trust_remote_code"] is True and seen["low_cpu_mem_usage"] is True and seen["for_training"]
    assert seen["quantization_config"].load_in_8bit and seen["device_map"] == {"": 0}
