/**
 * Add or edit an AWS profile: on add, the profiles found in ~/.aws/credentials to import first, then the
 * form; a profile that vanished meanwhile is said so.
 */
import type { ProfileChangeResponse, ProfileDto } from '../../../../src/shared/ipc-contract';
import { useEscape, ViewHeader } from '../../components/ui';
import { useI18n } from '../../i18n';
import { ImportSection } from './ImportSection';
import { ProfileForm } from './ProfileForm';

export type SavedKind = 'added' | 'saved' | 'imported';

export interface ProfileFormViewProps {
  /** Undefined: add a new profile. */
  profile: ProfileDto | undefined;
  /** Edit mode: the roles assumed from this profile (removing it removes them too). */
  roles?: readonly string[];
  /** Edit mode for a profile that vanished meanwhile: its name. */
  missing?: string;
  onSaved: (kind: SavedKind, response: ProfileChangeResponse, awsProfile?: string) => void;
  onRemoved: (name: string) => void;
  onBack: () => void;
  /** Edit mode: open the MFA device setup / list for this profile. */
  onSetupMfa?: (name: string) => void;
  onMfaDevices?: (name: string) => void;
}

export function ProfileFormView(props: ProfileFormViewProps) {
  const { t } = useI18n();
  useEscape(props.onBack);
  const { profile } = props;
  if (props.missing) {
    return (
      <>
        <ViewHeader title={t('form.editTitle', { name: props.missing })} onBack={props.onBack} />
        <main className="view">
          <div className="message message-warning">
            <p className="message-text">{t('form.notFound')}</p>
          </div>
        </main>
      </>
    );
  }
  return (
    <>
      <ViewHeader
        title={profile ? t('form.editTitle', { name: profile.name }) : t('form.addTitle')}
        onBack={props.onBack}
      />
      <main className="view form-view">
        {profile ? null : <ImportSection onImported={(r, aws) => props.onSaved('imported', r, aws)} />}
        <ProfileForm {...props} />
      </main>
    </>
  );
}
