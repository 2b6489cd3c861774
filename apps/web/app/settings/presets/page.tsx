import { PresetsPromptsView } from '../../../src/components/presets/presets-prompts-view';

export const metadata = { title: 'Presets & prompts' };

export default function Page() {
  return <PresetsPromptsView />;
}
